import Detection
import Testing
@testable import Evaluation

@Test func poissonKeyTrial_flagsFewRandomKeysAtTheShippedBudget() {
    var trial = PoissonKeyTrial()
    trial.keys = 300
    let outcome = trial.run(configuration: BeaconConfiguration())
    #expect(outcome.keys == 300)
    #expect(outcome.alertedByFullRing <= outcome.alertedByEnd)
    // About 0.4 % expected; 4 of 300 would already be over 1 %.
    #expect(outcome.alertedByEnd <= 3)
}

@Test func poissonKeyTrial_countsAlertsWhenTheBudgetIsLoose() {
    var trial = PoissonKeyTrial()
    trial.keys = 200
    var configuration = BeaconConfiguration()
    configuration.falseAlarmRate = 0.9
    configuration.maximumJitter = 10
    let outcome = trial.run(configuration: configuration)
    #expect(outcome.alertedByFullRing >= 20)
}
