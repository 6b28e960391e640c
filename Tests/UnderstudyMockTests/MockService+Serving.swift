import Testing
import UnderstudyContract
import UnderstudyMock

extension MockService {
    /// A service for one contract given as text, mounted at `prefix`, with a store of its own.
    static func serving(
        _ spec: String, prefix: String = "", profile: MockProfile? = nil, token: String? = nil,
        cors: CORSPolicy? = nil
    ) throws -> MockService {
        let loaded = ContractLoader().load(text: spec)
        let contract = try #require(loaded.contract, "\(loaded.diagnostics)")
        let store = StateStore()
        let engine = MockEngine(contract: contract, store: store, profile: profile)
        return MockService(
            mounts: [MountedContract(prefix: prefix, engine: engine)], store: store, adminToken: token, cors: cors)
    }
}
