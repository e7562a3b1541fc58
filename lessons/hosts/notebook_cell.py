# LESSON MATERIAL: the text of one notebook cell (percent format: Jupytext and VS Code open it as a
# notebook). The notebook is one more host: it imports the package and builds its pipeline through a
# context instead of copying code into cells. Run it from the repository root.

# %%
from cq4ds import contexts
from cq4ds.columnar import to_passengers

passengers = to_passengers(contexts.production().load().frame)  # the sample list, as Passenger objects
trained = contexts.notebook(passengers).train_and_evaluate()
trained.result.metrics
