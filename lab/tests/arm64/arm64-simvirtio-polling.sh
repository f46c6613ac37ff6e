# SPDX-License-Identifier: GPL-2.0
# SIMVIRTIO in polling mode: the same conversation, no notifications.
. /lab/lib.sh
run 0 --polling --rx "polled" --stats=json --stats-file /tmp/s.json
expect "Ana are mere
rx: polled"
cat /tmp/s.json
[ "$(stat notify_tx /tmp/s.json)" = 0 ] || exit 1
[ "$(stat notify_rx /tmp/s.json)" = 0 ] || exit 1
