# I/O sizes uniform between 1000 and 2000 bytes (HPCC CDF format: size percent)
1000 0
2000 100
