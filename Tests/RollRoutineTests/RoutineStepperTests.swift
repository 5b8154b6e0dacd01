import RollCore
import RollRoutine
import Testing

/// The stepper on a virtual clock: every time is passed in, so each case is exact.
@Suite struct RoutineStepperTests {
    let post = RoutinePlan.postRun(.init(tool: .ball))

    /// Runs the stepper to `tS` in 0.1 s ticks, collecting cues.
    func run(_ s: inout RoutineStepper, from: Double, to: Double) -> [RoutineCue] {
        var cues: [RoutineCue] = []
        var t = from
        while t < to - 1e-9 { t = min(to, t + 0.1); cues += s.advance(toS: t) }
        return cues
    }

    @Test func postRunPlanFollowsTheGuideline() {
        #expect(post.steps.map(\.id) == ["right_foot", "left_foot", "calves_right", "calves_left", "calf_stretch_right",
                                         "calf_stretch_left", "sole_stretch"])
        // Ball instrumented: calves are timed; with a roller they are measured.
        #expect(!post.steps[2].isMeasured)
        #expect(RoutinePlan.postRun(.init(tool: .roller)).steps[2].isMeasured)
        #expect(RoutinePlan.postRun(.init(tool: .ball, calvesTimedS: 45)).steps[2].targetS == 45)
        // 3 holds of 30 s (20–30 s, 2–3 times); rests between holds only.
        #expect(post.steps[4].kind == .timed(holdS: 30, repetitions: 3, restS: 10))
        #expect(post.steps[4].plannedDurationS == 110)
        #expect(post.steps[0].targetS == 120)
    }

    @Test func measuredStepWaitsForNextAndReportsTheAnalysisTime() {
        var s = RoutineStepper(plan: post, startS: 0)
        #expect(s.startCues() == [RoutineCue(kind: .stepStart, stepIndex: 0, tS: 0)])
        _ = run(&s, from: 0, to: 500)
        #expect(s.currentIndex == 0)  // a measured step never ends by itself
        s.reportMeasured(activeS: 131)
        #expect(s.status.phase == .rolling(activeS: 131))
        let cues = s.handle(.next, atS: 500)
        #expect(cues.map(\.kind) == [.stepEnd, .stepStart])
        #expect(s.results[0].outcome == .done && s.results[0].doneS == 131)
        s.reportMeasured(activeS: 50)
        _ = s.handle(.next, atS: 560)  // the button: moves on with what was done
        #expect(s.results[1].outcome == .partial && s.results[1].doneS == 50)
    }

    @Test func timedStepCuesStartHalfwayEndAndEndsByItself() {
        var s = RoutineStepper(plan: post, startS: 0)
        _ = s.handle(.next, atS: 0); _ = s.handle(.next, atS: 0)  // skip both feet
        // calves_right: one 60 s hold.
        #expect(s.status.phase == .hold(repetition: 1, of: 1, remainingS: 60))
        var cues = run(&s, from: 0, to: 60)
        #expect(cues.map(\.kind) == [.halfway, .stepEnd, .stepStart])
        #expect(cues[0].tS == 30 && cues[1].tS == 60)
        _ = s.handle(.next, atS: 60)  // skip calves_left
        // calf_stretch_right: holds at 0, 40, 80 (30 s each, 10 s rest).
        cues = run(&s, from: 60, to: 60 + 110)
        #expect(cues.map(\.kind) == [.halfway, .holdEnd, .stepStart, .halfway, .holdEnd, .stepStart, .halfway, .stepEnd, .stepStart])
        #expect(cues.filter { $0.kind == .stepStart }.map(\.tS).map { ($0 * 10).rounded() / 10 } == [100, 140, 170])
        #expect(s.results.map(\.outcome) == [.skipped, .skipped, .done, .skipped, .done])
        #expect(s.results[4].repetitionsDone == 3 && s.results[4].doneS == 90)
    }

    @Test func countdownShowsRestBetweenHolds() {
        var s = RoutineStepper(plan: post, startS: 0)
        for _ in 0..<4 { _ = s.handle(.next, atS: 0) }
        _ = s.advance(toS: 12)
        #expect(s.status.phase == .hold(repetition: 1, of: 3, remainingS: 18))
        _ = s.advance(toS: 35)
        #expect(s.status.phase == .rest(beforeRepetition: 2, of: 3, remainingS: 5))
        #expect(s.status.next?.id == "calf_stretch_left")
    }

    @Test func pauseStopsTheClockAndResumes() {
        var s = RoutineStepper(plan: post, startS: 0)
        _ = s.handle(.next, atS: 0); _ = s.handle(.next, atS: 0)
        _ = s.advance(toS: 20)
        _ = s.handle(.pause, atS: 20)
        #expect(s.status.paused)
        #expect(run(&s, from: 20, to: 200).isEmpty)  // nothing moves while paused
        _ = s.handle(.pause, atS: 200)
        #expect(s.status.phase == .hold(repetition: 1, of: 1, remainingS: 40))
        let cues = run(&s, from: 200, to: 240)
        #expect(cues.map(\.kind) == [.halfway, .stepEnd, .stepStart])
        #expect(abs(cues[1].tS - 240) < 1e-9)
    }

    @Test func quitMidStepKeepsWhatWasDoneAndSkipsTheRest() {
        var s = RoutineStepper(plan: post, startS: 0)
        s.reportMeasured(activeS: 140)
        _ = s.handle(.next, atS: 150)
        s.reportMeasured(activeS: 70)
        let cues = s.handle(.quit, atS: 230)
        #expect(cues.map(\.kind) == [.routineEnd])
        #expect(s.isFinished && s.status.phase == .finished)
        #expect(s.results.count == post.steps.count)
        #expect(s.results.map(\.outcome) == [.done, .partial, .skipped, .skipped, .skipped, .skipped, .skipped])
        #expect(s.results[1].doneS == 70)
        // Input after the end changes nothing.
        #expect(s.handle(.next, atS: 300).isEmpty && s.results.count == post.steps.count)
    }

    @Test func quitDuringAHoldCountsTheHoldTimeNotTheRests() {
        var s = RoutineStepper(plan: post, startS: 0)
        for _ in 0..<4 { _ = s.handle(.next, atS: 0) }
        _ = s.advance(toS: 50)  // hold 1 (30 s) + rest (10 s) + 10 s of hold 2
        _ = s.handle(.quit, atS: 50)
        #expect(s.results[4].doneS == 40 && s.results[4].repetitionsDone == 1 && s.results[4].outcome == .partial)
    }

    /// A step that ran to its end by itself is done, though its elapsed time is a sum of frame times that falls a
    /// few ulps short of the target (60 frames a second from 1003.57 s: 14.99999999998636 s of 15).
    @Test func aStepThatRanOutIsDoneDespiteRounding() {
        let pre = RoutinePlan.preRun(.init(tool: .ball))
        let startS = 1003.57
        var s = RoutineStepper(plan: pre, startS: startS)
        _ = s.startCues()
        var t = startS
        while s.results.isEmpty && t < startS + 20 { t = min(startS + 20, t + 1.0 / 60); _ = s.advance(toS: t) }
        #expect(s.results.first?.outcome == .done, "\(s.results)")
    }

    @Test func preRunCountsAtASteadyPace() {
        let pre = RoutinePlan.preRun(.init(tool: .ball))
        #expect(pre.steps.map(\.id) == ["towel_crunch_right", "towel_crunch_left", "toe_lifts", "golf_ball_right", "golf_ball_left"])
        #expect(pre.steps[0].kind == .counted(count: 3, paceS: 5))
        #expect(pre.steps[2].kind == .counted(count: 8, paceS: 3))
        #expect(pre.steps[3].isMeasured)  // small ball instrumented
        #expect(!RoutinePlan.preRun(.init(tool: .roller)).steps[3].isMeasured)
        var s = RoutineStepper(plan: pre, startS: 0)
        _ = s.handle(.next, atS: 0); _ = s.handle(.next, atS: 0)
        _ = s.advance(toS: 7)
        #expect(s.status.phase == .count(current: 3, of: 8, beatInS: 2))  // "3 of 8"
        let cues = run(&s, from: 7, to: 24)
        // A pace cue every 3 s (9, 12, … 21), then the step ends at 24.
        #expect(cues.filter { $0.kind == .pace }.map { ($0.tS * 10).rounded() / 10 } == [9, 12, 15, 18, 21])
        #expect(cues.suffix(2).map(\.kind) == [.stepEnd, .stepStart])
        #expect(s.results[2].repetitionsDone == 8 && s.results[2].outcome == .done)
    }

    @Test func oneBigTimeStepCrossesSeveralSteps() {
        // A late tick (e.g. a stalled screen) must not lose cues or steps.
        var s = RoutineStepper(plan: post, startS: 0)
        for _ in 0..<4 { _ = s.handle(.next, atS: 0) }
        let cues = s.advance(toS: 1000)
        #expect(s.isFinished)
        #expect(cues.last?.kind == .routineEnd)
        #expect(s.results.suffix(3).allSatisfy { $0.outcome == .done })
    }
}
