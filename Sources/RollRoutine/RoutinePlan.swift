import RollCore

/// The routines of interface §7. Every number cites the guideline it comes from; where a guideline gives a range
/// the plan takes a value inside it (the upper end for holds, so a rushed user still lands in the range).
public struct RoutinePlan: Sendable, Equatable {
    public enum Kind: String, Sendable { case postRun = "post_run", preRun = "pre_run" }

    public var kind: Kind
    public var steps: [RoutineStep]

    /// What the plan needs to know about the user's kit and settings.
    public struct Options: Sendable, Equatable {
        /// The instrumented tools: the feet and the golf-ball step are measured only with a ball, the calves only
        /// with a roller; a step whose tool carries no sensors is timed (the demo instruments both).
        public var instrumented: Set<Tool>
        /// Calves rolled per side when they cannot be measured (configurable: `[routine] calves_s`).
        public var calvesTimedS: Double
        /// Golf ball per foot when it cannot be measured.
        public var golfBallTimedS: Double
        public init(tool: Tool, calvesTimedS: Double = Guideline.calvesPerSideS, golfBallTimedS: Double = Guideline.golfBallPerFootS) {
            self.init(tools: [tool], calvesTimedS: calvesTimedS, golfBallTimedS: golfBallTimedS)
        }
        public init(tools: Set<Tool>, calvesTimedS: Double = Guideline.calvesPerSideS, golfBallTimedS: Double = Guideline.golfBallPerFootS) {
            instrumented = tools
            self.calvesTimedS = calvesTimedS
            self.golfBallTimedS = golfBallTimedS
        }
    }

    /// The guideline numbers (interface §7; the plantar-fasciitis self-care guidance rollmon coaches: roll each foot
    /// 2–3 min at least once a day, hold each stretch 20–30 s 2–3 times, towel crunches 2–3 per foot, toe lifts 5–8).
    public enum Guideline {
        /// "Roll each foot 2–3 minutes": the lower end counts as done (the same 120 s as the `ok` verdict, §2).
        public static let footS = 120.0
        /// Calves per side: the guideline gives no time; rollmon asks for 1 minute a side (configurable).
        public static let calvesPerSideS = 60.0
        /// "Hold 20–30 s": 30 s, the upper end.
        public static let stretchHoldS = 30.0
        /// "2–3 times": 3.
        public static let stretchRepetitions = 3
        /// Rest between holds: long enough to release and set up again; not from the guideline (rollmon's choice).
        public static let stretchRestS = 10.0
        /// "Towel toe crunches, 2–3 per foot": 3.
        public static let towelCrunchesPerFoot = 3
        /// One crunch: gather the towel in ~5 s (slow and controlled; rollmon's pace).
        public static let towelCrunchPaceS = 5.0
        /// "Big-toe / little-toe lifts, 5–8": 8.
        public static let toeLifts = 8
        /// One lift every 3 s: up, hold, down at a steady pace (rollmon's pace).
        public static let toeLiftPaceS = 3.0
        /// "A golf ball rolled under each foot": the guideline gives no time; 1 minute a foot.
        public static let golfBallPerFootS = 60.0
    }

    public init(kind: Kind, steps: [RoutineStep]) {
        self.kind = kind
        self.steps = steps
    }

    /// After a run: feet, calves, calf stretch, sole stretch (interface §7, steps 1–5).
    public static func postRun(_ o: Options) -> RoutinePlan {
        typealias G = Guideline
        func calves(_ foot: Foot) -> RoutineStep {
            let side = foot == .right ? "right" : "left"
            let kind: RoutineStep.Kind = o.instrumented.contains(.roller)
                ? .measured(tool: .roller, foot: foot, targetS: o.calvesTimedS)
                : .timed(holdS: o.calvesTimedS, repetitions: 1, restS: 0)
            return RoutineStep(id: "calves_\(side)", name: "Calves, \(side), foam roller",
                               how: "sit, roller under the \(side) calf, roll ankle to knee slowly", kind: kind)
        }
        func calfStretch(_ side: String) -> RoutineStep {
            RoutineStep(id: "calf_stretch_\(side)", name: "Calf stretch against the wall, \(side)",
                        how: "toes up the wall, heel down, knee straight, lean in",
                        kind: .timed(holdS: G.stretchHoldS, repetitions: G.stretchRepetitions, restS: G.stretchRestS))
        }
        func foot(_ foot: Foot) -> RoutineStep {
            let side = foot == .right ? "right" : "left"
            let kind: RoutineStep.Kind = o.instrumented.contains(.ball)
                ? .measured(tool: .ball, foot: foot, targetS: G.footS)
                : .timed(holdS: G.footS, repetitions: 1, restS: 0)
            return RoutineStep(id: "\(side)_foot", name: "\(side == "right" ? "Right" : "Left") foot, ball",
                               how: "roll heel to ball, whole length, pause on tender spots", kind: kind)
        }
        return RoutinePlan(kind: .postRun, steps: [
            foot(.right), foot(.left),
            calves(.right), calves(.left),
            calfStretch("right"), calfStretch("left"),
            RoutineStep(id: "sole_stretch", name: "Heel-sitting sole stretch", how: "kneel, toes curled under, hips back",
                        kind: .timed(holdS: G.stretchHoldS, repetitions: G.stretchRepetitions, restS: G.stretchRestS)),
        ])
    }

    /// Before a run: towel crunches, toe lifts, golf ball (interface §7, `--pre-run`).
    public static func preRun(_ o: Options) -> RoutinePlan {
        typealias G = Guideline
        func crunches(_ side: String) -> RoutineStep {
            RoutineStep(id: "towel_crunch_\(side)", name: "Towel toe crunches, \(side)", how: "towel under the foot, curl the toes to gather it",
                        kind: .counted(count: G.towelCrunchesPerFoot, paceS: G.towelCrunchPaceS))
        }
        func golf(_ foot: Foot) -> RoutineStep {
            let side = foot == .right ? "right" : "left"
            let kind: RoutineStep.Kind = o.instrumented.contains(.ball)
                ? .measured(tool: .ball, foot: foot, targetS: o.golfBallTimedS)
                : .timed(holdS: o.golfBallTimedS, repetitions: 1, restS: 0)
            return RoutineStep(id: "golf_ball_\(side)", name: "Golf ball, \(side) foot", how: "roll the ball under the foot, light pressure", kind: kind)
        }
        return RoutinePlan(kind: .preRun, steps: [
            crunches("right"), crunches("left"),
            RoutineStep(id: "toe_lifts", name: "Big-toe / little-toe lifts", how: "lift the big toe, then the little toes, steady",
                        kind: .counted(count: G.toeLifts, paceS: G.toeLiftPaceS)),
            golf(.right), golf(.left),
        ])
    }
}
