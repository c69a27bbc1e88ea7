import Foundation
import Testing

@testable import PortunusCore
@testable import Travel

/// Bag counts and weights come from the sender's file and are summed over a booking's
/// segments: each is bounded before it is added (issue #22: Int64.max bags trapped the sum).
@Suite("PNRGOV and PAXLST bags")
struct BagCountTests {
    /// One booking with one traveller, its EBD excess bags and a leg with a TBD check-in.
    static func pnrgov(excess: [String], checked: [String] = []) -> Data {
        var text = "UNA:+.?*'UNB+IATA:1+DL++101209:2100+1'UNH+1+PNRGOV:11:1:IA'MSG+:22'ORG+DL:ATL'TVL+121210:0915+LHR+JFK+DL+324'EQN+1'"
        text += "SRC'RCI+DL:MFN4TI'"
        for count in excess { text += "EBD+GBP:40.00+\(count)::N'" }
        text += "TIF+SMITHJR+JOHNMR:A:1'TVL+121210:0915::1230+LHR+JFK+DL+324:B'DAT+2:111210:0915'TRI++108:::1'TIF+SMITHJR+JOHNMR:A:1'SSD+15A++++Y'"
        for bag in checked { text += "TBD++\(bag):700++MP+618:1026000001:2:MPM'" }
        text += "UNT+20+1'UNZ+1+1'"
        return Data(text.utf8)
    }

    static func booking(_ data: Data) throws -> (TravelMessage.Booking, [String]) {
        let message = try #require(TravelReader.read(data, today: Date(timeIntervalSince1970: 1_796_000_000)).first)
        return (try #require(message.bookings.first), message.diagnostics.map(\.code))
    }

    @Test("excess bags of several EBD segments add up")
    func excessBagsAddUp() throws {
        let (booking, codes) = try Self.booking(Self.pnrgov(excess: ["4", "2"]))
        #expect(booking.bags == 6)
        #expect(!codes.contains("bags.implausible"))
    }

    // Found by the probe and fuzz/EDIFACTFuzz.swift: two counts near Int64.max
    // trapped on the addition; now each is diagnosed and left out.
    @Test(
        "bag counts near Int64.max are diagnosed and left out instead of overflowing the sum",
        arguments: [["9223372036854775807", "9223372036854775807"], ["2", "9223372036854775000"], ["-9223372036854775808", "-5"]])
    func hugeExcessCounts(counts: [String]) throws {
        let (booking, codes) = try Self.booking(Self.pnrgov(excess: counts))
        #expect(booking.bags.map { (0...999).contains($0) } ?? true)
        #expect(codes.contains("bags.implausible"))
    }

    @Test("checked bags near Int64.max and non-finite weights are diagnosed, the rest kept")
    func hugeCheckedBags() throws {
        let (booking, codes) = try Self.booking(
            Self.pnrgov(excess: [], checked: ["9223372036854775807:34", "9223372036854775807:1e400", "2:nan", "1:10"]))
        let checkIn = try #require(booking.checkIns.first)
        #expect(checkIn.bags == 3)
        #expect(checkIn.bagWeight == 44)
        #expect(codes.filter { $0 == "bags.implausible" }.count == 4, "two counts, two weights")
        #expect((try? JSONEncoder().encode(booking)) != nil, "the booking still encodes as JSON")
    }

    @Test("a PAXLST bag weight of inf or 1e400 is left out, so the message still encodes as JSON", arguments: ["inf", "1e400", "nan", "-3"])
    func paxlstWeight(weight: String) throws {
        let text =
            "UNA:+.? 'UNB+UNOA:4+SENDER+RECEIVER+250101:0900+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++DOE:JOHN'"
            + "MEA+CT++2'MEA+WT++KGM:\(weight)'UNT+6+1'UNZ+1+1'"
        let message = try #require(TravelReader.read(Data(text.utf8), today: Date(timeIntervalSince1970: 1_796_000_000)).first)
        let person = try #require(message.passengers.first)
        #expect(person.bags == 2)
        #expect(person.bagWeight == nil)
        #expect((try? JSONEncoder().encode(message)) != nil)
    }
}
