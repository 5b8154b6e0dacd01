import ArgumentParser
import Foundation
import RollHistory

/// `rollmon shoes` (extension, interface §5a): running shoes in the history database, from the guidelines rollmon
/// follows — replace a pair after 500–800 km, rotate two pairs.
struct ShoesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shoes",
        abstract: "Running shoes: km per pair against its limit, and which pair to wear next (rotate two pairs).",
        discussion: "Wear next: the pair worn least recently (a pair never worn first), then the one with fewer km; pairs past their limit only when no other pair is left.",
        subcommands: [ShoesListCommand.self, ShoesAddCommand.self, ShoesLogCommand.self, ShoesRetireCommand.self],
        defaultSubcommand: ShoesListCommand.self
    )
}

struct ShoesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Each pair in use: km, limit, % used, a warning near the limit; and the pair to wear next."
    )

    @OptionGroup var data: DataDirectoryOptions
    @Flag(help: "Print exactly one JSON object (the `shoes` object of history --json).")
    var json = false

    func run() throws {
        let standing = try ShoeBook(data).standing()
        print(json ? ShoesJSON.render(standing) : ShoesText.render(standing))
    }
}

struct ShoesAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Start a new pair.")

    @Argument(help: "The pair's name (1–40 characters), e.g. Pegasus.")
    var name: String
    @Option(name: .customLong("limit-km"), help: "Replace the pair after this many km (default 650; the guidelines: 500–800).")
    var limitKM: String = ShoeDistance.kmText(ShoeRules.defaultLimitM)
    @OptionGroup var data: DataDirectoryOptions

    func run() throws {
        let name = try usage(ShoeName.check(name))
        let limitM = try usage(ShoeDistance.parseLimit(limitKM))
        let book = try ShoeBook(data)
        switch try book.io({ () throws(HistoryError) in try book.history.store.addShoe(name: name, limitM: limitM) }) {
        case let .added(pair):
            print("added \(pair.name): replace after \(ShoeDistance.kmText(pair.limitM)) km")
        case let .nameTaken(existing):
            throw RollmonFailure(.usage, "rollmon: shoes add: a pair named '\(existing)' is already in use (retire it first, or choose another name)")
        }
    }
}

struct ShoesLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Log km run in a pair (default: the pair to wear next, or the only one)."
    )

    // Taken as text, unrecognised tokens included, so that "-3" gets the same one-line answer as "abc" instead of
    // being read as an option.
    @Argument(parsing: .allUnrecognized, help: "Kilometres run, e.g. 12.5 (more than 0, at most 1000 in one entry).")
    var km: [String] = []
    @Option(help: "The pair worn (default: the pair to wear next).")
    var pair: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() throws {
        guard km.count == 1 else {
            throw RollmonFailure(.usage, "rollmon: shoes log: give one distance in km, e.g. rollmon shoes log 12.5" + (km.isEmpty ? "" : " (got \(km.joined(separator: " ")))"))
        }
        let distanceM = try usage(ShoeDistance.parseEntry(km[0]))
        let book = try ShoeBook(data)
        let worn = try book.pair(named: pair, orDefaultFor: "log")
        let after = try book.io { () throws(HistoryError) in try book.history.store.logShoeRun(shoeID: worn.id, distanceM: distanceM) }
        let status = ShoeRules.status(after)
        var line = "logged \(ShoeDistance.kmText(distanceM)) km on \(after.name): " + ShoesText.usage(status)
        if let advice = status.advice { line += " — " + advice }
        print(line)
        if let next = try book.standing().wearNextText(capitalized: true) { print(next + ".") }
    }
}

struct ShoesRetireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Take a worn-out pair out of use (its km stay in the history)."
    )

    @Argument(help: "The pair's name.")
    var name: String
    @OptionGroup var data: DataDirectoryOptions

    func run() throws {
        let book = try ShoeBook(data)
        let pair = try book.pair(named: name, orDefaultFor: "retire")
        try book.io { () throws(HistoryError) in try book.history.store.retireShoe(id: pair.id) }
        print("retired \(pair.name) after \(ShoeDistance.kmText(pair.distanceM)) km")
    }
}

/// The shoes of one data directory, as the subcommands use them: opening, finding a pair, failing in one line.
struct ShoeBook {
    let history: History

    init(_ data: DataDirectoryOptions) throws { history = try data.openHistory() }
    init(_ history: History) { self.history = history }

    /// Runs a store call; a history that cannot be used is one line and exit 74.
    func io<T>(_ body: () throws(HistoryError) -> T) throws -> T {
        do { return try body() } catch { throw RollmonFailure.rollmon(.ioError, error) }
    }

    func standing() throws -> ShoeStanding {
        ShoeRules.standing(try io { () throws(HistoryError) in try history.store.shoesInUse() })
    }

    /// The pair in use called `name` (without regard to case), or with no name the pair to wear next; every
    /// other case (no pairs, unknown name, a tie) is one line and exit 64.
    func pair(named name: String?, orDefaultFor verb: String) throws -> ShoePair {
        let pairs = try io { () throws(HistoryError) in try history.store.shoesInUse() }
        let names = pairs.map(\.name).joined(separator: ", ")
        let noPair = RollmonFailure(.usage, "rollmon: shoes \(verb): no pair in use yet: add one with rollmon shoes add NAME")
        if pairs.isEmpty { throw noPair }
        if let name {
            guard let p = pairs.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else {
                throw RollmonFailure(.usage, "rollmon: shoes \(verb): no pair in use is called '\(name)' (in use: \(names))")
            }
            return p
        }
        switch ShoeRules.wearNext(pairs) {
        case let .pair(next): return pairs.first { $0.name == next }!
        case let .tie(tied):
            throw RollmonFailure(.usage, "rollmon: shoes \(verb): which pair? \(tied.joined(separator: " and ")) are equally due (none worn yet): give --pair NAME")
        case .none: throw noPair
        }
    }
}

/// A checked input or its one-line usage failure (exit 64).
private func usage<T>(_ r: Result<T, ShoeInputError>) throws -> T {
    switch r {
    case let .success(v): return v
    case let .failure(e): throw RollmonFailure(.usage, "rollmon: shoes: \(e)")
    }
}
