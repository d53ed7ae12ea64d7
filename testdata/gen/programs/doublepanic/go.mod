module example.com/doublepanic

go 1.27
