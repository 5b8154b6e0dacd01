import Foundation

/// Temporary files for tests, removed when the test's scope ends. Shared by every test target (TestSupport is a
/// plain target under Tests, so it never ships in a product).
public final class TempDir {
    public let url: URL
    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rollmon-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    public func write(_ name: String, _ text: String) -> String {
        let path = url.appendingPathComponent(name).path
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    public func writeBytes(_ name: String, _ bytes: [UInt8]) -> String {
        let path = url.appendingPathComponent(name).path
        try! Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
