import Fluent
import Vapor

extension Request {
    /// One database handle per event loop, each with its own connection pool: statements
    /// sent through different handles run at the same time (see ProfileRepository).
    var parallelReaders: [any Database] {
        application.eventLoopGroup.makeIterator().compactMap { loop in
            application.databases.database(logger: logger, on: loop)
        }
    }
}
