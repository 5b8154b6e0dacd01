/// The SMBus transactions SensorIO issues, with their shape on the wire (SMBus 3.1 spec, "Bus protocols": each
/// transaction starts with START + address byte, and the read-with-command ones re-address after a repeated START).
public enum SMBusTransaction: Sendable, Equatable {
    /// S Addr+R Data P.
    case receiveByte
    /// S Addr+W Cmd Sr Addr+R Data P.
    case readByte
    /// S Addr+W Cmd Data P.
    case writeByte
    /// S Addr+W Cmd Sr Addr+R DataLow DataHigh P.
    case readWord
    /// S Addr+W Cmd DataLow DataHigh P.
    case writeWord
    /// I2C block read: S Addr+W Cmd Sr Addr+R Data×n P.
    case readBlock(Int)

    /// Bytes on the wire including address and command bytes; each is 8 data bits plus one ACK/NACK clock.
    public var wireBytes: Int {
        switch self {
        case .receiveByte: 2
        case .readByte: 4
        case .writeByte: 3
        case .readWord: 5
        case .writeWord: 4
        case let .readBlock(n): 3 + n
        }
    }

    public var repeatedStarts: Int {
        switch self {
        case .receiveByte, .writeByte, .writeWord: 0
        case .readByte, .readWord, .readBlock: 1
        }
    }
}

/// How long an SMBus transaction occupies the bus at a given SCL frequency, from the I2C-bus specification
/// (NXP UM10204 rev. 7): every byte is 8 data bits plus the acknowledge bit, 9 SCL periods (§3.1.5–3.1.6); the START
/// hold time, repeated-START set-up + hold, STOP set-up and bus-free time between a STOP and the next START are the
/// minimum values of Table 10 (Standard-mode ≤ 100 kHz, Fast-mode ≤ 400 kHz) and Table 11 (Fast-mode Plus ≤ 1 MHz).
public struct I2CWireTiming: Sendable, Equatable {
    public let clockHz: Double

    public init(clockHz: Double) { self.clockHz = clockHz }

    /// SCL periods per byte: 8 data bits + ACK (UM10204 §3.1.6, Figure 6).
    public static let clocksPerByte = 9

    /// t_HD;STA, t_SU;STA, t_SU;STO, t_BUF in seconds for the speed mode the clock falls in.
    var conditionSeconds: (startHold: Double, repeatedStartSetup: Double, stopSetup: Double, busFree: Double) {
        if clockHz <= 100_000 { return (4.0e-6, 4.7e-6, 4.0e-6, 4.7e-6) }   // Table 10, Standard-mode
        if clockHz <= 400_000 { return (0.6e-6, 0.6e-6, 0.6e-6, 1.3e-6) }   // Table 10, Fast-mode
        return (0.26e-6, 0.26e-6, 0.26e-6, 0.5e-6)                           // Table 11, Fast-mode Plus
    }

    /// Bus time of one transaction: the bytes' clock periods plus START, each repeated START (set-up + hold) and
    /// STOP with the bus-free time that must pass before the next transaction may start.
    public func seconds(for t: SMBusTransaction) -> Double {
        let c = conditionSeconds
        let bits = Double(t.wireBytes * Self.clocksPerByte) / clockHz
        let conditions = c.startHold + Double(t.repeatedStarts) * (c.repeatedStartSetup + c.startHold)
            + c.stopSetup + c.busFree
        return bits + conditions
    }
}

/// A chip's recurring bus traffic: which transactions it issues how often (per second at a given rate).
public struct BusTraffic: Sendable, Equatable {
    public var transactions: [(transaction: SMBusTransaction, perSecond: Double)]
    public init(_ transactions: [(transaction: SMBusTransaction, perSecond: Double)] = []) { self.transactions = transactions }

    /// Fraction of each second the bus is busy with this traffic at `timing`.
    public func utilisation(_ timing: I2CWireTiming) -> Double {
        transactions.reduce(0) { $0 + $1.perSecond * timing.seconds(for: $1.transaction) }
    }

    public static func + (a: BusTraffic, b: BusTraffic) -> BusTraffic { BusTraffic(a.transactions + b.transactions) }

    public static func == (a: BusTraffic, b: BusTraffic) -> Bool {
        a.transactions.count == b.transactions.count
            && zip(a.transactions, b.transactions).allSatisfy { $0.transaction == $1.transaction && $0.perSecond == $1.perSecond }
    }

    /// The block reads `I2CBus.readRegisters` / `readPort` issue for `bytes` bytes in chunks of at most `chunk`.
    public static func blockReads(bytes: Int, chunk: Int = i2cBlockMaxBytes) -> [SMBusTransaction] {
        guard bytes > 0 else { return [] }
        var out: [SMBusTransaction] = []
        var left = bytes
        while left > 0 { let n = min(chunk, left); out.append(.readBlock(n)); left -= n }
        return out
    }
}
