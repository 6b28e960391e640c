import Logging
import UnderstudyFuzzing

/// The entry the fuzzer feeds, chosen by the first command-line argument (`yaml`, `json`, `template`,
/// `request`, `multipart`); set once, before libFuzzer's driver starts.
nonisolated(unsafe) var selected: @Sendable ([UInt8]) -> Void = { _ in }

/// libFuzzer's callback: every input goes to the selected entry of `FuzzEntry`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// The executable's entry point (SwiftPM names it after the module): `UnderstudyFuzz TARGET [libFuzzer
/// options and corpus folders]`; hands the rest of the arguments to libFuzzer's driver.
@_cdecl("UnderstudyFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let names = FuzzEntry.targets.keys.sorted().joined(separator: ", ")
    guard argc > 1, let argv, let first = argv[1], let entry = FuzzEntry.targets[String(cString: first)] else {
        print("usage: UnderstudyFuzz TARGET [libFuzzer options] [corpus folders]; TARGET is one of \(names)")
        return 2
    }
    selected = entry
    // The mock logs every request it answers: silent here, where it answers thousands a second.
    LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
    // libFuzzer sees the program name and the arguments after TARGET.
    argv[1] = argv[0]
    var count = argc - 1
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv + 1
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOne)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
