module services

go 1.21
