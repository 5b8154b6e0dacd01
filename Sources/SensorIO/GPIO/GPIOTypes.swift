/// Value types shared by every GPIO backend (libgpiod v1, libgpiod v2, the simulated chip in SensorModels).

/// Which way a line changed.
public enum EdgeKind: Sendable, Equatable {
    case rising
    case falling
}

/// One edge on an input line, stamped by the kernel on CLOCK_MONOTONIC (the same clock `SystemMonotonicClock` reads).
public struct EdgeEvent: Sendable, Equatable {
    public var kind: EdgeKind
    public var timestampNS: UInt64
    public var line: UInt32

    public init(kind: EdgeKind, timestampNS: UInt64, line: UInt32) {
        self.kind = kind; self.timestampNS = timestampNS; self.line = line
    }

    public var tSeconds: Double { Double(timestampNS) * 1e-9 }
}

/// Internal pull resistor setting of an input line.
public enum GPIOBias: Sendable, Equatable {
    case asIs
    case disabled
    case pullUp
    case pullDown
}

/// Which edges of an input line produce events.
public enum GPIOEdgeDetection: Sendable, Equatable {
    case none
    case rising
    case falling
    case both

    public func accepts(_ kind: EdgeKind) -> Bool {
        switch (self, kind) {
        case (.both, _), (.rising, .rising), (.falling, .falling): return true
        default: return false
        }
    }
}

/// How to request input lines.
public struct GPIOInputConfig: Sendable, Equatable {
    public var bias: GPIOBias
    public var edges: GPIOEdgeDetection
    /// A level must stay this long before its edge is reported; 0 = no debouncing.
    public var debouncePeriodNS: UInt64

    public init(bias: GPIOBias = .asIs, edges: GPIOEdgeDetection = .none, debouncePeriodNS: UInt64 = 0) {
        self.bias = bias; self.edges = edges; self.debouncePeriodNS = debouncePeriodNS
    }
}

/// What `gpiodetect` prints for a chip: `gpiochip0 [pinctrl-bcm2711] (58 lines)`.
public struct GPIOChipInfo: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var name: String
    public var label: String
    public var lineCount: Int

    public init(path: String, name: String, label: String, lineCount: Int) {
        self.path = path; self.name = name; self.label = label; self.lineCount = lineCount
    }

    public var description: String { "\(name) [\(label)] (\(lineCount) lines)" }
}

/// What the kernel says about one line: its name (from the device tree, may be empty) and who holds it.
public struct GPIOLineInfo: Sendable, Equatable {
    public var offset: UInt32
    public var name: String
    public var used: Bool
    /// The consumer string of whoever requested the line ("" when unused or anonymous).
    public var consumer: String

    public init(offset: UInt32, name: String, used: Bool, consumer: String) {
        self.offset = offset; self.name = name; self.used = used; self.consumer = consumer
    }
}
