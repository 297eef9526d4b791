"""The warehouse DDL (ddl/) and one SQL file per view (views/), shipped as package data."""
