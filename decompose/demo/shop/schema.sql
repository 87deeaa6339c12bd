CREATE TABLE users (id int primary key);
