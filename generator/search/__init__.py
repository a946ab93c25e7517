"""Chinese search support: domain words for jieba, and glossary terms found in text."""
