/* SPDX-License-Identifier: GPL-2.0 */
/* The built-in demo guest image (src/demo.S). */
#ifndef KVMINI_DEMO_H
#define KVMINI_DEMO_H

#include <stdint.h>

extern const unsigned char demo_image[];
extern const uint64_t demo_image_size;

#endif /* KVMINI_DEMO_H */
