import Foundation
import PortunusTestSupport
import Testing

@testable import Biometrics
@testable import Portunus
@testable import PortunusCore
@testable import Storage

@Suite("Biometric calibration arguments from the command line", .offPool)
struct BiometricCalibrationBoundsTests {
    @Test("a false-match rate of 0, NaN or below 1e-9 and an absurd pair count are refused by field instead of trapping")
    func absurdCalibrationArgumentsAreRefused() throws {
        let directory = TestEnvironment.temporaryDirectory("biometrics-bounds")
        defer { TestEnvironment.cleanUp(directory) }
        let service = try BiometricServiceTests.service(directory)
        let analyst = Principal(keyID: "analyst-1", role: .analyst)
        let format = BiometricServiceTests.format
        let data = SyntheticTemplates(format: format, identities: 20, samples: 2...2, probes: 1, matedShare: 0.5, noise: 0.6, seed: 5)
        _ = try service.enroll(
            gallery: "watch", format: format, templates: (0..<data.count).map { ("S\(data.identities[$0])", data.row($0)) }, by: analyst)
        for rate in [0, .nan, 1e-320, -.infinity] {
            #expect(throws: PortunusError(.invalidArgument, "", field: "target_false_match_rate")) {
                try service.calibrate(gallery: "watch", format: format, targetFalseMatchRate: rate, pairs: 1_000, by: analyst)
            }
        }
        for pairs in [Int.max, 0, -1] {
            #expect(throws: PortunusError(.invalidArgument, "", field: "pairs")) {
                try service.calibrate(gallery: "watch", format: format, targetFalseMatchRate: 0.01, pairs: pairs, by: analyst)
            }
        }
        #expect(throws: PortunusError(.invalidArgument, "", field: "target_false_match_rate"), "too few pairs: the refusal's own arithmetic is total")
        {
            try service.calibrate(gallery: "watch", format: format, targetFalseMatchRate: 1e-9, pairs: 1_000, by: analyst)
        }
    }
}
