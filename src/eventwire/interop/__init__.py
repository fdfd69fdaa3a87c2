"""Other coders' formats: TABARI/PETRARCH actor and agent dictionaries and verb patterns."""
