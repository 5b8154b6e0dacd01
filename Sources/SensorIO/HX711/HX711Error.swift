/// HX711 failures, each saying what to check.
public enum HX711Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// DOUT never went low (no conversion ready) within the timeout.
    case notReady(doutLine: UInt32, sckLine: UInt32, waitedSeconds: Double, rateHz: Double)
    /// DOUT read low through all 24 data bits and still after the selection pulses, which on a live chip pull it
    /// high: nothing is driving the line (a loose DOUT wire, an unpowered board).
    case doutStuckLow(doutLine: UInt32, sckLine: UInt32)
    /// The output code is at a 24-bit limit: the input is beyond the ADC's range.
    case outOfRange(code: Int32)

    public var description: String {
        switch self {
        case let .notReady(dout, sck, waited, rate):
            let rateHint = rate >= 80
                ? " If the board's RATE pin is tied low (most green boards), it converts at 10 SPS: set hx711_rate_hz = 10 under [wiring]."
                : ""
            return "HX711 not ready: DOUT (GPIO \(dout)) stayed high for \(String((waited * 100).rounded() / 100)) s. "
                + "Check the board's VCC (2.6–5.5 V) and GND, that DOUT goes to GPIO \(dout) and PD_SCK to GPIO "
                + "\(sck) (not swapped), and that nothing else holds PD_SCK high (a high PD_SCK powers the HX711 down)."
                + rateHint
        case let .doutStuckLow(dout, sck):
            return "HX711 not answering: DOUT (GPIO \(dout)) stays low while PD_SCK (GPIO \(sck)) clocks it. Check that "
                + "DOUT is connected and the board has VCC (2.6–5.5 V) and GND."
        case let .outOfRange(code):
            let side = code >= HX711Timing.maxCode ? "maximum (0x7FFFFF)" : "minimum (0x800000)"
            return "HX711 reading saturated at its \(side): the load cell signal is out of range. Check the E+/E-/"
                + "A+/A- wiring (a broken bridge wire saturates), or reduce the load / use gain 64."
        }
    }
}
