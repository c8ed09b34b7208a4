import LanternApp
import Foundation

// Everything lives in LanternApp so it can be tested; this only runs it.
exit(await Launcher.run())
