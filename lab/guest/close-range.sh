# SPDX-License-Identifier: GPL-2.0
/guest/close_range_test
