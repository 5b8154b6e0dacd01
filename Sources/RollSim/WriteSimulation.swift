import Foundation
import RollAnalysis
import RollSummary
import RollTrace

/// Runs a scenario to completion, writing the trace (rollmon-trace 1) and the truth JSON (interface v1 §2 shape,
/// snake_case keys, sorted for byte-identical output per seed). Returns the truth.
@discardableResult
public func writeSimulation(scenario: SimulationScenario, tracePath: String, truthPath: String) throws -> SessionSummary {
    var sim = Simulator(scenario: scenario)
    let writer = try TraceWriter(path: tracePath, metadata: sim.metadata, hasForce: sim.hasForceColumn,
                                 hasFoot: sim.hasFootColumn)
    while let s = sim.next() { writer.append(s) }
    try writer.close().get()
    let truth = sim.truth()
    let json = try SummaryJSON.truth(truth)
    // open(2)/write(2) rather than Data.write: errors in the system's words ("No space left on device"), not
    // Foundation's ("The operation could not be completed…").
    let fd = open(truthPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw TruthWriteError(path: truthPath, errno: errno) }
    var failure: Int32?
    json.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { failure = n < 0 ? errno : EIO; return }
            done += n
        }
    }
    if close(fd) != 0, failure == nil { failure = errno }
    if let failure { throw TruthWriteError(path: truthPath, errno: failure) }
    return truth
}

/// "/dev/full: cannot write truth: No space left on device".
public struct TruthWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    init(path: String, errno code: Int32) { self.path = path; reason = String(cString: strerror(code)) }
    public var description: String { "\(path): cannot write truth: \(reason)" }
}
