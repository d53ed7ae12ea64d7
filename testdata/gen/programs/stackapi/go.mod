module example.com/stackapi

go 1.27
