#ifndef ROLLMON_CGPIOD_SHIM_H
#define ROLLMON_CGPIOD_SHIM_H
// One header over libgpiod v1 (1.6.x) and v2 (2.1+), plus i2c-dev and libi2c (SMBus) declarations.
#include <gpiod.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <i2c/smbus.h>
#endif
