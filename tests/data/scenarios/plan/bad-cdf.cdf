# a flow-size CDF whose percentiles go backwards on line 4
1000 10
5000 50
4000 40
10000 100
