/// "1 day", "30 days": a count with its noun in the right number, for every text rollmon writes (screen, summary,
/// history, report).
public func counted(_ n: Int, _ singular: String, _ plural: String) -> String {
    "\(n) \(n == 1 ? singular : plural)"
}
