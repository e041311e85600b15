"""Support and feedback as Infacta's policy describes them (IN-4, IN-5, IN-13, IN-15, IN-19)."""
