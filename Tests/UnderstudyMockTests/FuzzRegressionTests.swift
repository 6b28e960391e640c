import Foundation
import Testing
import UnderstudyFuzzing
import UnderstudyTestSupport

/// Every input the fuzzers found a crash with (fuzz/regressions/<target>/) and every seed (fuzz/seeds/)
/// goes through the fuzz target's own entry point again: each must come back, not trap.
@Suite struct FuzzRegressionTests {
    static var inputs: [String] {
        var found: [String] = []
        for folder in ["regressions", "seeds"] {
            let root = Corpus.packageRoot.appendingPathComponent("fuzz/\(folder)")
            for target in ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
                let names =
                    (try? FileManager.default.contentsOfDirectory(
                        atPath: root.appendingPathComponent(target).path)) ?? []
                found += names.sorted().map { "fuzz/\(folder)/\(target)/\($0)" }
            }
        }
        return found
    }

    @Test func everyTargetHasSeedsAndRegressionsAreNamedForATarget() {
        let targets = Set(Self.inputs.map { $0.split(separator: "/")[2] }.map(String.init))
        #expect(targets.isSubset(of: Set(FuzzEntry.targets.keys)), "\(targets)")
        #expect(Set(FuzzEntry.targets.keys).isSubset(of: targets))
    }

    @Test(arguments: inputs)
    func replays(path: String) throws {
        let target = String(path.split(separator: "/")[2])
        let entry = try #require(FuzzEntry.targets[target], "no fuzz target '\(target)'")
        let bytes = try [UInt8](Data(contentsOf: Corpus.packageRoot.appendingPathComponent(path)))
        entry(bytes)
    }
}
