import RollHistory

/// The report's routines (interface §7 results in the history): one table per routine, every step with what was
/// asked and what was done, newest first. A table, not a chart: the step list is the thing to read.
enum RoutineTable {
    static func html(_ routines: [DayRoutine]) -> String {
        guard !routines.isEmpty else { return "<p>No guided routine in these days: rollmon routine leads one.</p>" }
        var html = ""
        for r in routines {
            let when = r.routine.kind == "pre_run" ? "before the run" : "after the run"
            html += "<figure class=\"routine\"><h3>\(r.day) · \(when) · \(r.routine.stepsDone) of \(r.routine.steps.count) steps done"
                + "\(r.routine.quit ? " (ended early)" : "")</h3><table><thead><tr><th scope=\"col\">step</th><th scope=\"col\">how</th>"
                + "<th scope=\"col\">done</th><th scope=\"col\">target</th><th scope=\"col\">status</th></tr></thead><tbody>"
            for s in r.routine.steps {
                html += "<tr class=\"\(SVGElement.escape(s.status))\"><td>\(SVGElement.escape(s.name))</td><td>\(SVGElement.escape(s.mode))</td>"
                    + "<td>\(clock(s.doneS))</td><td>\(clock(s.targetS))</td><td>\(SVGElement.escape(s.status))</td></tr>"
            }
            html += "</tbody></table></figure>"
        }
        return html
    }

    static let css = """
        table{border-collapse:collapse;width:100%;font-size:.9em}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e6e9ee}
        tr.done td:last-child{color:#2e7d32}tr.partial td:last-child{color:#a06b00}tr.skipped td:last-child{color:#c62828}
        """
}

/// A routine with the day it counts for.
public struct DayRoutine: Sendable {
    public var day: LocalDay
    public var routine: RoutineRecord
    public init(day: LocalDay, routine: RoutineRecord) { self.day = day; self.routine = routine }
}
