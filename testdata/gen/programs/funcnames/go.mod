module example.com/funcnames

go 1.27
