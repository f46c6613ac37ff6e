# SPDX-License-Identifier: GPL-2.0
# nothing beyond the common build
