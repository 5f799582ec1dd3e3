import Foundation
import Testing

@testable import Daemon

// Two serve processes on one state folder: the second must find the folder locked, say so
// naming the folder, and neither restore nor save state, so the first's state.bin is its own.

@Suite(.serialized, .timeLimit(.minutes(2)))
struct ServeStateLockTests {
    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfpwatch-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private func serve(stateDirectory: String) throws -> ServeProcess {
        let port = try LoopbackSockets.freePort()
        return try ServeProcess(
            listeners: ["{name: tcp, transport: tcp, address: 127.0.0.1, port: \(port)}"],
            stateDirectory: stateDirectory)
    }

    @Test func serve_secondInstanceOnLockedStateFolder_runsWithoutState() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        let first = try serve(stateDirectory: folder.path)
        let second = try serve(stateDirectory: folder.path)
        #expect(second.stop() == 0)
        let secondLog = second.errorText()
        #expect(secondLog.contains(
            "error state folder locked by another serve, running without saved state directory=\(folder.path)"))
        #expect(!secondLog.contains("state saved"), "the second instance must not write state.bin")
        #expect(!secondLog.contains("no saved state"), "the second instance must not read state.bin")

        #expect(first.stop() == 0)
        let firstLog = first.errorText()
        #expect(firstLog.contains("info state saved"))
        #expect(!firstLog.contains("state folder locked"))
    }

    @Test func serve_afterHolderExits_takesStateFolderLock() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        let first = try serve(stateDirectory: folder.path)
        #expect(first.stop() == 0)
        let next = try serve(stateDirectory: folder.path)
        #expect(next.stop() == 0)
        let nextLog = next.errorText()
        #expect(nextLog.contains("info state restored"))
        #expect(!nextLog.contains("state folder locked"))
    }

    @Test func stateLock_secondAcquire_isRefusedWhileHeld() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let nested = folder.appendingPathComponent("made/by/lock").path

        #expect(StateLock.acquire(directory: nested) == .held)
        #expect(StateLock.acquire(directory: nested) == .heldElsewhere)
        #expect(FileManager.default.fileExists(atPath: nested + "/state.lock"))
    }
}
