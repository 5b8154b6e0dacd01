import ArgumentParser
import RollConfig

/// `--user NAME`: whose learned settings (`[user.NAME]` in the config, written by `rollmon calibrate`) a command
/// uses or writes. Without it: the user `default`.
struct UserOption: ParsableArguments {
    @Option(help: "Whose learned settings to use ([user.NAME] in the config, written by calibrate; default: default).")
    var user: String = RollmonConfig.defaultUser

    func validate() throws {
        // A TOML bare key, so the config section stays `[user.NAME]` without quoting.
        if user.isEmpty || !user.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) {
            throw ValidationError("--user must be letters, digits, - or _ (got '\(user)')")
        }
    }
}
