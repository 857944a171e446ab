import Configuration
import ParleyAPI
import ParleyStore
