module example.com/leakdiff

go 1.19
