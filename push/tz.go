package push

import "time"

// chinaTime is UTC+8 without consulting tzdata, which minimal containers lack.
var chinaTime = time.FixedZone("CST", 8*3600)
