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
    try SummaryJSON.truth(truth).write(to: URL(fileURLWithPath: truthPath))
    return truth
}
