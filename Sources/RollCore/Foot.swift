/// Which foot the user said they are working on (button or key), as recorded in a trace's `foot` column.
public enum Foot: String, Sendable, Codable, CaseIterable {
    case left, right

    public var opposite: Foot { self == .left ? .right : .left }
}
