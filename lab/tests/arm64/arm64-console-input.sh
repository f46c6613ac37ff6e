# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The body both architectures share, lab/tests/common/console-input.sh
# shellcheck source=lab/tests/common/console-input.sh
. /lab/suite/common/console-input.sh
