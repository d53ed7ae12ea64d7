module example.com/fatals

go 1.27
