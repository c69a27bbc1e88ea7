import ArgumentParser
import Foundation
import PortunusCore
import RiskEngine

struct RiskWorklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worklist", abstract: "An officer's worklist: assessed declarations by lane in force, riskiest first.")
    @Option(help: "The office.") var office: String?
    @Option(help: "red, yellow, blue or green.") var lane: String?
    @Option(help: "The lodgement day, YYYY-MM-DD.") var day: String?
    @Option(help: "At most this many.") var limit: Int = 50
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let lane = try lane.map { text in
            guard let lane = Lane(rawValue: text) else {
                throw PortunusError(.invalidArgument, "lane is red, yellow, blue or green", field: "lane").exit()
            }
            return lane
        }
        for decision in try data.withRiskStore({ try $0.decisions.worklist(office: office, lane: lane, day: day, limit: limit) }) {
            let assessment = decision.assessment
            print(
                "\(decision.declarationID.padded(14)) \(assessment.office.padded(6)) \(assessment.day) \(decision.laneInForce.rawValue.padded(6)) "
                    + "\(String(format: "%.3f", assessment.riskScore)) \(assessment.selection)\(assessment.forcedBy.map { " (\($0))" } ?? "")")
        }
    }
}
