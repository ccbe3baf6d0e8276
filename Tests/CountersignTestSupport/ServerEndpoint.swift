import Foundation

/// A running server a test talks to: in this process (`TestServer`) or a separate
/// `countersign serve` process (`ServerProcess`).
package protocol ServerEndpoint: Sendable {
    var baseURL: String { get }
    var adminKey: [UInt8] { get }
}

extension TestServer: ServerEndpoint {}
