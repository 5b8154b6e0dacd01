# Chip "personas" for i2c-stub, set with i2cset before the checks run (sourced by guest.sh).
#
# i2c-stub (drivers/i2c/i2c-stub.c) answers at every address given in chip_addr= with 256 registers that start at
# zero and hold whatever was last written; it has no behaviour of its own. A persona is the minimum register image
# that makes a chip recognisable and readable: its identity register and known raw output values. rollmon-hil
# (Sources/rollmon-hil/Personas.swift holds the same numbers — keep them in step) computes the expected SI values
# from these raw numbers and the datasheet scale factors.
#
# Runs of registers are written with one I2C-block write each (i2cset mode "i"; i2c-stub stores a block write into
# consecutive registers): a process start costs ~0.1 s in the emulated guest, so this keeps the set-up to a second.
#
# Addresses are the chips' usual ones (address pin low), so `rollmon probe` sees a plausible bus.

# MPU-6050 at 0x68 (AD0 low), MPU-6000/6050 Register Map RM-MPU-6000A-00 rev 4.2.
HIL_MPU_ADDR=0x68
# LSM6DS3 at 0x6a (SDO/SA0 low), ST LSM6DS3 datasheet DocID026899 rev 10.
HIL_LSM_ADDR=0x6a
# BMP280 at 0x76 (SDO low), Bosch BMP280 datasheet BST-BMP280-DS001 rev 1.26.
HIL_BMP_ADDR=0x76
# An address where no chip is emulated (the MPU-6050's other address, AD0 high): the "nothing answered" case.
HIL_ABSENT_ADDR=0x69

be16() { printf '0x%02x 0x%02x ' $(( ($1 >> 8) & 0xff )) $(( $1 & 0xff )); }   # high byte first
le16() { printf '0x%02x 0x%02x ' $(( $1 & 0xff )) $(( ($1 >> 8) & 0xff )); }   # low byte first
block() { i2cset -y "$1" "$2" "$3" $4 i; }   # bus addr first-register "bytes..." (at most 32)

personas_load() { # bus
    local bus="$1"

    # --- MPU-6050 ---
    # WHO_AM_I (register 117, 0x75) reads 0x68.
    i2cset -y "$bus" $HIL_MPU_ADDR 0x75 0x68 b
    # PWR_MGMT_1 (register 107, 0x6B) resets to 0x40 = SLEEP.
    i2cset -y "$bus" $HIL_MPU_ADDR 0x6b 0x40 b
    # INT_STATUS (register 58, 0x3A) DATA_RDY_INT set, followed by ACCEL_XOUT_H..GYRO_ZOUT_L (registers 59..72),
    # big-endian two's complement: accel +4096, -2048, +8192; temperature 0; gyro +164, -328, +1640 counts.
    block "$bus" $HIL_MPU_ADDR 0x3a "0x01 $(be16 4096)$(be16 -2048)$(be16 8192)$(be16 0)$(be16 164)$(be16 -328)$(be16 1640)"
    # FIFO: i2c-stub has no FIFO, and an I2C block read returns consecutive registers, so a 12-byte read of FIFO_R_W
    # (register 116, 0x74) returns registers 0x74..0x7F. FIFO_COUNTH/L (registers 114/115) = 12 bytes = one
    # accel+gyro frame, and 0x74..0x7F hold that frame: accel x = 0x74:0x75 where 0x75 is WHO_AM_I (0x68), so
    # 0x74 = 0x10 gives 0x1068 = +4200; accel y -2048, z +8192; gyro +164, -328, +1640. Every drain yields it.
    block "$bus" $HIL_MPU_ADDR 0x72 "$(be16 12)0x10 0x68 $(be16 -2048)$(be16 8192)$(be16 164)$(be16 -328)$(be16 1640)"

    # --- LSM6DS3 ---
    # WHO_AM_I (0x0F) reads 0x69 (§9.11); CTRL3_C (0x12) resets to 0x04 = IF_INC (§9.14).
    i2cset -y "$bus" $HIL_LSM_ADDR 0x0f 0x69 b
    i2cset -y "$bus" $HIL_LSM_ADDR 0x12 0x04 b
    # STATUS_REG (0x1E): XLDA | GDA, new accelerometer and gyroscope data available.
    i2cset -y "$bus" $HIL_LSM_ADDR 0x1e 0x03 b
    # OUTX_L_G..OUTZ_H_XL (0x22..0x2D), little-endian two's complement:
    # gyro +1000, -500, +2000 counts; accel -4096, +8192, +16384 counts.
    block "$bus" $HIL_LSM_ADDR 0x22 "$(le16 1000)$(le16 -500)$(le16 2000)$(le16 -4096)$(le16 8192)$(le16 16384)"
    # FIFO (§8 register mapping: FIFO_STATUS1..4 at 0x3A..0x3D, FIFO_DATA_OUT_L/H at 0x3E/0x3F): DIFF_FIFO = 6 unread words, no
    # overrun, FIFO_PATTERN = 0 (next word is gyro X). i2c-stub has no FIFO; a 12-byte block read of FIFO_DATA_OUT
    # returns registers 0x3E..0x49, which hold one pattern: gyro +1500, -250, +3000; accel -2048, +4096, +12000.
    block "$bus" $HIL_LSM_ADDR 0x3a "0x06 0x00 0x00 0x00 $(le16 1500)$(le16 -250)$(le16 3000)$(le16 -2048)$(le16 4096)$(le16 12000)"

    # --- BMP280 ---
    # chip id (0xD0) reads 0x58 (§4.3.1).
    i2cset -y "$bus" $HIL_BMP_ADDR 0xd0 0x58 b
    # Trimming parameters dig_T1..dig_P9 (0x88..0x9F, little-endian, §3.11.2 table 17): typical values, those of the
    # compensation example often quoted with the datasheet (dig_T1..T3 = 27504, 26435, -1000 also appear in Google's
    # Android Things BMP280 sample). rollmon-hil computes the expected temperature and pressure from these numbers with
    # the datasheet's floating-point formulas (§8.1), independently of the driver's integer ones (§3.11.3).
    block "$bus" $HIL_BMP_ADDR 0x88 "$(le16 27504)$(le16 26435)$(le16 -1000)$(le16 36477)$(le16 -10685)$(le16 3024)$(le16 2855)$(le16 140)$(le16 -7)$(le16 15500)$(le16 -14600)$(le16 6000)"
    # press_msb/lsb/xlsb (0xF7..0xF9) and temp_msb/lsb/xlsb (0xFA..0xFC): 20-bit values left-aligned (§4.3.6-4.3.7).
    # adc_P = 415148 = 0x655AC -> 0x65 0x5A 0xC0; adc_T = 519888 = 0x7EED0 -> 0x7E 0xED 0x00.
    block "$bus" $HIL_BMP_ADDR 0xf7 "0x65 0x5a 0xc0 0x7e 0xed 0x00"
}
