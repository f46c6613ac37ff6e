# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Which host CPUs does a Linux guest see through syscall 436? Three runs
# of 4000 calls: a quiet host, a host with a busy loop on each CPU (the
# scheduler then moves the vCPU thread on its own), and --migrate 20.
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
guest() {
	run "Linux guest" 0 --mem 192M --initrd /lab/guests/initrd.gz \
		--append "quiet host_cpuid_436 run=host-cpuid" --timeout 400 "$@" \
		/lab/guests/Image >/dev/null
	grep "^host_cpuid:" "$T/out"
}
echo "BENCH host_cpuid quiet host: $(guest)"
for c in $(seq 0 $(($(grep -c ^processor /proc/cpuinfo) - 1))); do
	taskset -c "$c" sh -c 'while :; do :; done' &
done
echo "BENCH host_cpuid busy host: $(guest)"
# shellcheck disable=SC2046 # one argument per pid
kill $(jobs -p)
echo "BENCH host_cpuid --migrate 20: $(guest --migrate 20)"
summary host-cpuid-placement >/dev/null
