module github.com/postlint/postlint

go 1.26.8
