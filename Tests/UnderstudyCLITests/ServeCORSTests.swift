import Foundation
import Testing
import UnderstudyTestSupport

/// `serve --cors` refuses what is not a policy before it listens, saying what an origin looks like.
@Suite struct ServeCORSTests {
    @Test func aBadOriginIsRefusedWithExitStatusTwo() async throws {
        let run = try await CommandRunner.run(
            ["serve", "specs/kontomatik", "--port", "0", "--cors", "localhost:5173"], in: Corpus.packageRoot)
        #expect(run.status == 2)
        #expect(
            run.standardError.contains(
                "error: --cors: 'localhost:5173' is not an origin: write scheme://host[:port], like http://localhost:5173"
            ), "\(run.standardError)")
    }
}
