import Foundation
import Testing
import WFPCore
@testable import Receiving

#if canImport(Glibc)
import Glibc
#endif

@Suite struct UDPKernelDropsTests {
    @Test func udpListener_countsDatagramsTheKernelDropped_whileItCouldNotRead() throws {
        let sink = GatedCountingSink()
        let registry = MetricsRegistry()
        let (log, backend) = makeLog()
        // The smallest buffer the kernel grants (a few KiB) and a small queue to the one decode
        // thread, so a short burst overflows both while that thread is held.
        let configuration = ListenerConfiguration(
            name: "u", transport: .udp, port: 0, receiveBufferBytes: 1024, queueBytes: 65_536, decodeThreads: 1)
        let listener = UDPListener(
            configuration: configuration, makeSink: { _, _ in sink }, metrics: registry, log: log)
        try listener.start()
        defer { listener.stop() }

        // The first slab parks the decode thread in the sink; the reader fills the queue and
        // waits, and the burst behind it overflows the socket buffer.
        let client = connectClient(port: listener.boundPort, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(client) }
        let datagram = [UInt8](repeating: 0x41, count: 1000)
        let sent = 500
        for _ in 0..<sent { _ = datagram.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) } }
        sink.open()

        let drops = { counterValue(registry, "wfpwatch_udp_kernel_drops_total", ["listener": "u"]) }
        #expect(eventually { drops() > 0 && sink.frames.load(ordering: .relaxed) + drops() == sent })
        #expect(backend.all.contains { $0.contains("udp datagrams dropped by the kernel") })
    }

    @Test func kernelUDPDrops_readsTheDropsColumnOfItsSocket() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let inode = try #require(KernelUDPDrops.inode(of: descriptor))
        #expect(KernelUDPDrops.count(inode: inode) == 0)
        #expect(KernelUDPDrops.count(inode: UInt64.max) == nil)
    }
}
