/// Which chip and line offsets the GPIO devices use. Everything is configuration (not constants in the drivers), so
/// the same code runs on a Raspberry Pi header, on gpio-sim inside a QEMU guest, or on `SimulatedGPIOChip`.
///
/// Defaults are BCM GPIO numbers on the Pi's header chip (gpiochip0, label pinctrl-bcm2711 on a Pi 4,
/// pinctrl-bcm2835 on older boards; on a Pi 5 the header is on the chip labelled pinctrl-rp1, so pass that label):
/// - HX711 DOUT → GPIO 5 (pin 29), HX711 PD_SCK → GPIO 6 (pin 31): two free pins away from I2C (2/3), SPI and UART;
/// - "switch foot" button → GPIO 17 (pin 11) to GND, internal pull-up;
/// - buzzer → GPIO 27 (pin 13), LED → GPIO 22 (pin 15), active high.
public struct GPIOWiring: Sendable, Equatable {
    /// Path, name, number or label of the chip (see `GPIOChip.open`).
    public var chip: String
    public var hx711DOUTLine: UInt32
    public var hx711SCKLine: UInt32
    public var buttonLine: UInt32
    public var buzzerLine: UInt32
    public var ledLine: UInt32

    public init(chip: String = "gpiochip0", hx711DOUTLine: UInt32 = HX711.defaultDOUTLine,
                hx711SCKLine: UInt32 = HX711.defaultSCKLine, buttonLine: UInt32 = FootSwitchButton.defaultLine,
                buzzerLine: UInt32 = IndicatorOutput.defaultBuzzerLine, ledLine: UInt32 = IndicatorOutput.defaultLEDLine) {
        self.chip = chip; self.hx711DOUTLine = hx711DOUTLine; self.hx711SCKLine = hx711SCKLine
        self.buttonLine = buttonLine; self.buzzerLine = buzzerLine; self.ledLine = ledLine
    }

    /// Every line this wiring uses, for a clash check before requesting anything.
    public var allLines: [UInt32] { [hx711DOUTLine, hx711SCKLine, buttonLine, buzzerLine, ledLine] }

    /// Lines assigned to more than one signal (a configuration mistake), empty if none.
    public var duplicatedLines: [UInt32] {
        var seen = Set<UInt32>(), dup = Set<UInt32>()
        for line in allLines where !seen.insert(line).inserted { dup.insert(line) }
        return dup.sorted()
    }
}
