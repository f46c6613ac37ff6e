# SPDX-License-Identifier: GPL-2.0
ARCH_DEVICES := debugcon simvirtio
