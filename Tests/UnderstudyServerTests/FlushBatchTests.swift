import NIOCore
import NIOEmbedded
import Synchronization
import Testing
import UnderstudyMock
import UnderstudySchema

@testable import UnderstudyServer

/// Answers written during one pass of an event loop leave together when the pass ends, not one by one; with a
/// state file, the pass's changes are written once before the answers that wait for them.
struct FlushBatchTests {
    /// Passes writes through; only here so the test has a context per channel to write on.
    final class Writer: ChannelOutboundHandler, Sendable {
        typealias OutboundIn = ByteBuffer
    }

    static func channel(on loop: EmbeddedEventLoop) throws -> (EmbeddedChannel, ChannelHandlerContext) {
        let channel = EmbeddedChannel(handler: Writer(), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        return (channel, try channel.pipeline.syncOperations.context(handlerType: Writer.self))
    }

    static func write(_ text: String, on context: ChannelHandlerContext, batch: FlushBatch) {
        context.write(NIOAny(ByteBuffer(string: text)), promise: nil)
        batch.flushSoon(context)
    }

    @Test func answersWrittenDuringAPassLeaveWhenThePassEnds() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(eventLoop: loop)
        let (first, firstContext) = try Self.channel(on: loop)
        let (second, secondContext) = try Self.channel(on: loop)
        Self.write("one", on: firstContext, batch: batch)
        Self.write("two", on: secondContext, batch: batch)
        Self.write("three", on: firstContext, batch: batch)
        #expect(try first.readOutbound(as: ByteBuffer.self) == nil)
        #expect(try second.readOutbound(as: ByteBuffer.self) == nil)

        loop.run()
        #expect(try first.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "one")
        #expect(try first.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "three")
        #expect(try second.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "two")

        // The next pass starts a new batch.
        Self.write("four", on: secondContext, batch: batch)
        #expect(try second.readOutbound(as: ByteBuffer.self) == nil)
        loop.run()
        #expect(try second.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "four")
        _ = try first.finish()
        _ = try second.finish()
    }

    /// The changes of each write, one element per call.
    final class Recording: StatePersistence {
        let batches = Mutex<[[StateChange]]>([])

        func load() throws(StatePersistenceError) -> SavedState { SavedState() }

        func write(_ changes: [StateChange]) throws(StatePersistenceError) {
            batches.withLock { $0.append(changes) }
        }
    }

    @Test func answersWaitingForChangesGoAfterOneWriteOfThePass() throws {
        let loop = EmbeddedEventLoop()
        let file = Recording()
        let store = try StateStore(persistence: file)
        store.writeWhenAsked()
        let batch = FlushBatch(eventLoop: loop, store: store)
        let (channel, context) = try Self.channel(on: loop)
        store.put(session: "s", collection: "/a", id: "1", value: 1)
        batch.afterWrite { Self.write("one", on: context, batch: batch) }
        store.put(session: "s", collection: "/a", id: "2", value: 2)
        batch.afterWrite {
            Self.write("two", on: context, batch: batch)
            // A request pipelined behind it changes state too: its answer waits for a write of its own.
            store.put(session: "s", collection: "/a", id: "3", value: 3)
            batch.afterWrite { Self.write("three", on: context, batch: batch) }
        }
        Self.write("read", on: context, batch: batch)
        // Nothing is written to the file or sent before the pass ends.
        #expect(file.batches.withLock { $0 }.isEmpty)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)

        loop.run()
        #expect(file.batches.withLock { $0 }.map(\.count) == [2, 1])
        var sent: [String] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { sent.append(String(buffer: buffer)) }
        #expect(sent == ["read", "one", "two", "three"])
        _ = try channel.finish()
    }

    @Test func aConnectionClosedBeforeThePassEndsIsSkipped() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(eventLoop: loop)
        let (closed, closedContext) = try Self.channel(on: loop)
        let (open, openContext) = try Self.channel(on: loop)
        Self.write("lost", on: closedContext, batch: batch)
        Self.write("kept", on: openContext, batch: batch)
        try closed.close().wait()

        loop.run()
        #expect(try open.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) } == "kept")
        #expect(!closed.isActive)
        _ = try open.finish()
    }
}
