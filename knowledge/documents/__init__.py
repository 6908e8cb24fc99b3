"""The second tier of knowledge: source documents, split into passages along their own structure and searched
when no curated entry answers. Their passages are quoted verbatim and marked as not yet reviewed by the R&D office.
"""
