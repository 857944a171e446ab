import ArgumentParser
import ParleyServer
@main struct Parley: AsyncParsableCommand { func run() async throws {} }
